// "Bilder: Build Image" over LSP: the client lists images, previews and starts builds; events come back as
// notifications. Builds run only in a trusted workspace, whatever the client asks.
import { randomUUID } from 'node:crypto';
import { ResponseError } from 'vscode-languageserver';
import type { Connection } from 'vscode-languageserver';
import { BuildSession, previewBuild } from '../../imageBuilds/session';
import { describeError } from '../../logger';
import {
  BUILD_CANCEL_REQUEST,
  BUILD_EVENT_NOTIFICATION,
  BUILD_IMAGES_REQUEST,
  BUILD_PREVIEW_REQUEST,
  BUILD_START_REQUEST,
} from '../../../../protocol';
import type { BuildCancelParams, BuildEventParams, BuildImage, BuildImagesParams, BuildPreview, BuildRequest, BuildStartResult } from '../../../../protocol';
import type { HandlerContext } from './context';

const REQUEST_FAILED = -32803;

function validRequest(params: BuildRequest): string | undefined {
  if (!params || typeof params.templateDir !== 'string' || !params.templateDir) return 'templateDir is required';
  const strings = (value: unknown) => value === undefined || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
  if (!strings(params.varFiles) || !strings(params.only) || !strings(params.sensitive)) return 'varFiles, only and sensitive must be string lists';
  if (params.vars !== undefined && (typeof params.vars !== 'object' || Object.values(params.vars).some((value) => typeof value !== 'string'))) {
    return 'vars must map names to strings';
  }
  if (params.variableTypes !== undefined && (typeof params.variableTypes !== 'object' || params.variableTypes === null || Object.values(params.variableTypes).some((value) => typeof value !== 'string'))) {
    return 'variableTypes must map names to strings';
  }
  return undefined;
}

export function registerBuild(connection: Connection, context: HandlerContext): void {
  connection.onRequest(BUILD_IMAGES_REQUEST, async (params: BuildImagesParams): Promise<BuildImage[]> => {
    const roots = Array.isArray(params?.roots) ? params.roots.filter((root) => typeof root === 'string') : [];
    return context.images(roots);
  });

  connection.onRequest(BUILD_PREVIEW_REQUEST, (params: BuildRequest): BuildPreview | ResponseError<void> => {
    const problem = validRequest(params);
    if (problem) return new ResponseError(REQUEST_FAILED, problem);
    return previewBuild(params, context.settings().packer.path);
  });

  connection.onRequest(BUILD_START_REQUEST, (params: BuildRequest): BuildStartResult | ResponseError<void> => {
    if (!context.trusted()) return new ResponseError(REQUEST_FAILED, 'Builds run only in a trusted workspace.');
    const problem = validRequest(params);
    if (problem) return new ResponseError(REQUEST_FAILED, problem);
    const buildId = randomUUID();
    let session: BuildSession;
    try {
      // Running builds are cancelled on shutdown (the engine's dispose) and their process groups killed on exit
      // (runner/processGroups).
      session = new BuildSession({
        id: buildId,
        request: params,
        packerPath: context.settings().packer.path,
        running: context.builds,
        colourLog: true,
        emit: (events) => void connection.sendNotification(BUILD_EVENT_NOTIFICATION, { buildId, events } satisfies BuildEventParams),
      });
    } catch (error) {
      return new ResponseError(REQUEST_FAILED, `cannot prepare the build: ${describeError(error)}`);
    }
    session
      .run()
      .catch((error: unknown) => {
        context.logger.error(`build ${buildId} failed: ${describeError(error)}`);
        const events: BuildEventParams['events'] = [
          { type: 'error', message: describeError(error) },
          { type: 'build-finished', status: 'failed', exitCode: null, signal: null, durationMs: 0 },
        ];
        void connection.sendNotification(BUILD_EVENT_NOTIFICATION, { buildId, events } satisfies BuildEventParams);
      });
    return { buildId, args: session.args, commandLine: session.commandLine, logFile: session.logFile };
  });

  connection.onRequest(BUILD_CANCEL_REQUEST, (params: BuildCancelParams): boolean => {
    const session = typeof params?.buildId === 'string' ? context.builds.get(params.buildId) : undefined;
    session?.cancel();
    return session !== undefined;
  });
}
