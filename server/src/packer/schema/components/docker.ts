// github.com/hashicorp/docker (packer-plugin-docker builder/docker/config.hcl2spec.go and post-processor/*). `image` is
// not marked required: newer versions can build from a Dockerfile instead, and exactly one of commit/discard/export_path
// is required, which a per-attribute flag cannot say.
import type { AttributeSchema, ComponentSchema } from '../types';
import { communicatorAttributes } from './communicator';
import { attr } from './define';

const PLUGIN = 'github.com/hashicorp/docker';
const DOCS = 'https://developer.hashicorp.com/packer/integrations/hashicorp/docker/latest/components';

const registryLoginAttributes: readonly AttributeSchema[] = [
  attr('login', 'bool', 'Log in to the registry before pulling or pushing.'),
  attr('login_username', 'string', 'The registry user name.'),
  attr('login_password', 'string', 'The registry password.'),
  attr('login_server', 'string', 'The registry server to log in to.'),
  attr('ecr_login', 'bool', 'Log in to Amazon ECR with AWS credentials.'),
  attr('aws_access_key', 'string', 'The AWS access key for ECR login.'),
  attr('aws_secret_key', 'string', 'The AWS secret key for ECR login.'),
  attr('aws_token', 'string', 'The AWS session token for ECR login.'),
  attr('aws_profile', 'string', 'The AWS profile for ECR login.'),
  attr('aws_force_use_public_ecr', 'bool', 'Log in to the public ECR gallery instead of a private registry.'),
  attr('platform', 'string', 'The platform of the image, e.g. `linux/arm64`.'),
];

export const dockerComponents: readonly ComponentSchema[] = [
  {
    kind: 'builder',
    type: 'docker',
    plugin: PLUGIN,
    description: 'Starts a container from an image, provisions it, then commits, exports or discards it.',
    attributes: [
      ...communicatorAttributes,
      attr('image', 'string', 'The image to start the container from, e.g. `ubuntu:24.04`.'),
      attr('commit', 'bool', 'Commit the container to a new image (one of `commit`, `discard`, `export_path` is needed).'),
      attr('discard', 'bool', 'Throw the container away at the end, e.g. when only testing provisioning.'),
      attr('export_path', 'string', 'Export the container’s file system to this tar file.'),
      attr('author', 'string', 'The author recorded in the committed image.'),
      attr('changes', 'list(string)', 'Dockerfile instructions (`CMD`, `ENV`, `EXPOSE`…) applied when committing.'),
      attr('message', 'string', 'The commit message of the new image.'),
      attr('container_dir', 'string', 'Where Packer’s files are mounted inside the container (default `/packer-files`).'),
      attr('device', 'list(string)', 'Host devices to add to the container.'),
      attr('cap_add', 'list(string)', 'Linux capabilities to add to the container.'),
      attr('cap_drop', 'list(string)', 'Linux capabilities to drop from the container.'),
      attr('exec_user', 'string', 'The user provisioners run commands as inside the container.'),
      attr('privileged', 'bool', 'Run the container in privileged mode.'),
      attr('pty', 'bool', 'Allocate a pseudo-terminal for the container.'),
      attr('runtime', 'string', 'The container runtime, e.g. `runsc`.'),
      attr('pull', 'bool', 'Pull the image before starting (default true).'),
      attr('run_command', 'list(string)', 'The `docker run` arguments used to start the container.'),
      attr('tmpfs', 'list(string)', 'tmpfs mounts for the container.'),
      attr('volumes', 'map(string)', 'Host paths to mount, mapped to container paths.'),
      attr('fix_upload_owner', 'bool', 'Give uploaded files to the container user (default true).'),
      attr('windows_container', 'bool', 'The container runs Windows.'),
      ...registryLoginAttributes,
    ],
    blocks: {
      build: {
        description: 'Builds the starting image from a Dockerfile instead of pulling `image` (newer plugin versions).',
        labels: [],
        nesting: 'single',
        attributes: [],
        blocks: {},
        open: true,
      },
    },
    generatedData: [{ name: 'ImageSha256', description: 'The SHA-256 digest of the committed image.' }],
    docsUrl: `${DOCS}/builder/docker`,
  },
  {
    kind: 'post-processor',
    type: 'docker-tag',
    plugin: PLUGIN,
    description: 'Tags the image produced by the docker builder or docker-import.',
    attributes: [
      attr('repository', 'string', 'The repository to tag the image into, e.g. `registry.example.com/app`.'),
      attr('tags', 'list(string)', 'The tags to apply.'),
      attr('tag', 'list(string)', 'Older name of `tags`.', { deprecated: 'Use `tags`.' }),
      attr('force', 'bool', 'Overwrite an existing tag.'),
    ],
    blocks: {},
    docsUrl: `${DOCS}/post-processor/docker-tag`,
  },
  {
    kind: 'post-processor',
    type: 'docker-push',
    plugin: PLUGIN,
    description: 'Pushes the tagged image to a registry.',
    attributes: registryLoginAttributes,
    blocks: {},
    docsUrl: `${DOCS}/post-processor/docker-push`,
  },
  {
    kind: 'post-processor',
    type: 'docker-import',
    plugin: PLUGIN,
    description: 'Imports an exported container tar file as a Docker image.',
    attributes: [
      attr('repository', 'string', 'The repository of the imported image.'),
      attr('tag', 'string', 'The tag of the imported image.'),
      attr('changes', 'list(string)', 'Dockerfile instructions applied while importing.'),
      attr('platform', 'string', 'The platform of the imported image.'),
    ],
    blocks: {},
    docsUrl: `${DOCS}/post-processor/docker-import`,
  },
];
