// The one source of Bilder's version: package.json. The extension, the server's serverInfo and `bilder --version` all
// read it from here, so a release bumps one field. esbuild keeps only this field of the manifest in the bundles.
import { version } from '../../package.json';

export const BILDER_VERSION: string = version;
