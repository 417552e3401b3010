// Whether a real `packer` runs here, for tests that need it (Debian's 1.6.6 in CI). Probed once per test process.
import { execFileSync } from 'node:child_process';

/** The packer the tests run; BILDER_PACKER points elsewhere. */
export const PACKER = process.env.BILDER_PACKER ?? 'packer';

export const HAS_PACKER = (() => {
  try {
    execFileSync(PACKER, ['version'], { stdio: 'ignore', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    return true;
  } catch {
    return false;
  }
})();
