// Viewer build: stock Neuroglancer (npm, ES2022 in lib/) + the sff:// data source.
// Each rule says why it is here.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import webpack from 'webpack';

const root = path.dirname(fileURLToPath(import.meta.url));
// Real path: webpack resolves modules through symbolic links (a worktree whose node_modules links
// to another checkout's), and the worker swap below compares against the resolved context.
const neuroglancerLib = realpathSync(path.join(root, 'node_modules', 'neuroglancer', 'lib'));
const chunkWorkerEntry = path.join(root, 'src', 'datasource', 'sff', 'chunk_worker.ts');

/** @type {(env: unknown, argv: {mode?: string}) => import('webpack').Configuration} */
export default (_env, argv) => {
  const production = argv.mode !== 'development';
  return {
    mode: production ? 'production' : 'development',
    devtool: production ? 'source-map' : 'eval-cheap-module-source-map',
    entry: {
      main: path.join(root, 'src', 'viewer', 'main.ts'),
      // self_check.html: runs the models in the browser (backend, parity with PyTorch, speed).
      self_check: path.join(root, 'src', 'viewer', 'self_check.ts'),
    },
    output: {
      path: path.join(root, 'build'),
      filename: '[name].[contenthash:8].js',
      chunkFilename: '[name].[contenthash:8].js',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.js'],
      // Our sources import './x.js' (NodeNext) while the files are .ts.
      extensionAlias: { '.js': ['.ts', '.js'] },
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          include: [path.join(root, 'src')],
          loader: 'ts-loader',
          options: {
            transpileOnly: true,
            configFile: path.join(root, 'tsconfig.json'),
            compilerOptions: { noEmit: false },
          },
        },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { resourceQuery: /raw/, type: 'asset/source' },
      ],
    },
    plugins: [
      // Neuroglancer starts its chunk worker from `new URL('./chunk_worker.bundle.js', import.meta.url)`;
      // we swap in our entry, which loads that same bundle and then our worker-side sources.
      // Only the relative request from inside neuroglancer/lib is replaced, so our own import of
      // 'neuroglancer/unstable/chunk_worker.bundle.js' still reaches the original.
      new webpack.NormalModuleReplacementPlugin(/^\.\/chunk_worker\.bundle\.js$/, (resource) => {
        if (path.resolve(resource.context) === neuroglancerLib) resource.request = chunkWorkerEntry;
      }),
      new HtmlWebpackPlugin({ template: path.join(root, 'src', 'viewer', 'index.html'), chunks: ['main'] }),
      new HtmlWebpackPlugin({
        template: path.join(root, 'src', 'viewer', 'self_check.html'),
        filename: 'self_check.html',
        chunks: ['self_check'],
      }),
    ],
    performance: { hints: false },
    // Neuroglancer's own build targets ES2022 module workers.
    target: ['web', 'es2022'],
  };
};
