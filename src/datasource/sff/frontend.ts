/**
 * Main-thread half of `sff://<inner URL>`: resolve the wrapped data source through Neuroglancer's
 * own registry, then wrap it (wrap_data_source.ts). Failures become tagged errors whose message
 * Neuroglancer shows on the layer.
 */
import type {
  DataSource,
  DataSourceProvider,
  DataSourceWithRedirectInfo,
  GetDataSourceOptions,
} from 'neuroglancer/unstable/datasource/index.js';
import { StatusMessage } from 'neuroglancer/unstable/status.js';
import { SffError } from '../../core/errors.js';
import { parseSffSource, SFF_SCHEME } from './url.js';
import { wrapDataSource } from './wrap_data_source.js';

const NOTICE_MS = 15000;

export class SffDataSourceProvider implements DataSourceProvider {
  readonly scheme = SFF_SCHEME;
  readonly description =
    'support-film-fold restoration of an image source: sff://<source URL>[#restore=off&models=<URL>&folds=<catalogue URL>]';

  async get(options: GetDataSourceOptions): Promise<DataSource> {
    const { innerUrl, options: sffOptions } = parseSffSource(options.providerUrl);
    let inner: DataSourceWithRedirectInfo;
    try {
      inner = await options.registry.get({
        url: innerUrl,
        transform: options.transform,
        globalCoordinateSpace: options.globalCoordinateSpace,
        state: options.state,
        signal: options.signal,
        progressListener: options.progressListener,
      });
    } catch (cause) {
      if (options.signal.aborted) throw cause;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new SffError('InnerSourceFailed', `sff: cannot open ${innerUrl}: ${reason}`, { cause });
    }
    return wrapDataSource(inner, innerUrl, sffOptions, (message) =>
      StatusMessage.showTemporaryMessage(message, NOTICE_MS),
    );
  }
}
