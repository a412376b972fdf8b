import { DEMO_SECTION, demoLink, demoState } from '../../demo/state.js';

describe('demo state', () => {
  const base = 'http://127.0.0.1:8123';

  it('puts the served volume and its sff:// wrapper side by side on a fold section', () => {
    const state = demoState(`${base}/`) as {
      layers: Array<{ name: string; source: string; type: string }>;
      layout: { type: string; children: Array<{ type: string; layers: string[] }> };
      position: number[];
    };
    expect(state.layers).toEqual([
      { type: 'image', name: 'raw', source: `precomputed://${base}/data/gerhard` },
      { type: 'image', name: 'restored', source: `sff://precomputed://${base}/data/gerhard` },
    ]);
    expect(state.layout).toEqual({
      type: 'row',
      children: [
        { type: 'viewer', layout: 'xy', layers: ['raw'] },
        { type: 'viewer', layout: 'xy', layers: ['restored'] },
      ],
    });
    expect(Math.floor(state.position[2])).toBe(DEMO_SECTION);
  });

  it('encodes the state after #! in the link', () => {
    const link = demoLink(base);
    expect(link.startsWith(`${base}/#!`)).toBe(true);
    const json = link.slice(`${base}/#!`.length);
    expect(json).not.toMatch(/[{}" ]/);
    expect(JSON.parse(decodeURIComponent(json))).toEqual(demoState(base));
  });
});
