// ESM jest: onnxruntime-web uses dynamic import(), which jest only allows with
// NODE_OPTIONS=--experimental-vm-modules (set in package.json scripts).
// Two projects: 'unit' (Node only, fast) and 'browser' (headless Chromium against the built viewer
// and the demo server; needs `npm run build` and `npm run demo:prepare` first).
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, isolatedModules: true }] },
};

/** @type {import('jest').Config} */
export default {
  testTimeout: 60000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
      testPathIgnorePatterns: ['<rootDir>/test/browser/'],
    },
    {
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
    },
  ],
};
