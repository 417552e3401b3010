// Bilder's words for the docker components, layered over the generated schema (see ./types.ts).
import type { PluginOverrides } from './types';

export const dockerOverrides: PluginOverrides = {
  plugin: 'docker',
  components: {
    'builder docker': {
      description: 'Starts a container from an image, provisions it, then commits, exports or discards it.',
      // What happens to the container at the end: exactly one of these; `message` goes with `commit`.
      oneOf: [['commit', 'discard', 'export_path']],
      attributes: {
        image: { description: 'The image to start the container from, e.g. `ubuntu:24.04`.' },
        commit: { description: 'Commit the container to a new image (one of `commit`, `discard`, `export_path` is needed).' },
        discard: { description: 'Throw the container away at the end, e.g. when only testing provisioning.' },
        export_path: { description: 'Export the container’s file system to this tar file.' },
        author: { description: 'The author recorded in the committed image.' },
        changes: { description: 'Dockerfile instructions (`CMD`, `ENV`, `EXPOSE`…) applied when committing.' },
        message: { description: 'The commit message of the new image.', optional: true },
        container_dir: { description: 'Where Packer’s files are mounted inside the container (default `/packer-files`).' },
        device: { description: 'Host devices to add to the container.' },
        cap_add: { description: 'Linux capabilities to add to the container.' },
        cap_drop: { description: 'Linux capabilities to drop from the container.' },
        exec_user: { description: 'The user provisioners run commands as inside the container.' },
        privileged: { description: 'Run the container in privileged mode.' },
        pty: { description: 'Allocate a pseudo-terminal for the container.' },
        runtime: { description: 'The container runtime, e.g. `runsc`.' },
        pull: { description: 'Pull the image before starting (default true).' },
        run_command: { description: 'The `docker run` arguments used to start the container.' },
        tmpfs: { description: 'tmpfs mounts for the container.' },
        volumes: { description: 'Host paths to mount, mapped to container paths.' },
        fix_upload_owner: { description: 'Give uploaded files to the container user (default true).' },
        windows_container: { description: 'The container runs Windows.' },
        login: { description: 'Log in to the registry before pulling or pushing.' },
        login_username: { description: 'The registry user name.' },
        login_password: { description: 'The registry password.' },
        login_server: { description: 'The registry server to log in to.' },
        ecr_login: { description: 'Log in to Amazon ECR with AWS credentials.' },
        aws_access_key: { description: 'The AWS access key for ECR login.' },
        aws_secret_key: { description: 'The AWS secret key for ECR login.' },
        aws_token: { description: 'The AWS session token for ECR login.' },
        aws_profile: { description: 'The AWS profile for ECR login.' },
        aws_force_use_public_ecr: { description: 'Log in to the public ECR gallery instead of a private registry.' },
        platform: { description: 'The platform of the image, e.g. `linux/arm64`.' },
      },
      blocks: {
        build: { description: 'Builds the starting image from a Dockerfile instead of pulling `image` (newer plugin versions).' },
      },
      generatedData: {
        ImageSha256: 'The SHA-256 digest of the committed image.',
      },
    },
    'post-processor docker-tag': {
      description: 'Tags the image produced by the docker builder or docker-import.',
      attributes: {
        repository: { description: 'The repository to tag the image into, e.g. `registry.example.com/app`.' },
        tags: { description: 'The tags to apply.' },
        tag: {
          description: 'Older name of `tags`.',
          deprecated: 'Use `tags`.',
        },
        force: { description: 'Overwrite an existing tag.' },
      },
    },
    'post-processor docker-push': {
      description: 'Pushes the tagged image to a registry.',
      attributes: {
        login: { description: 'Log in to the registry before pulling or pushing.' },
        login_username: { description: 'The registry user name.' },
        login_password: { description: 'The registry password.' },
        login_server: { description: 'The registry server to log in to.' },
        ecr_login: { description: 'Log in to Amazon ECR with AWS credentials.' },
        aws_access_key: { description: 'The AWS access key for ECR login.' },
        aws_secret_key: { description: 'The AWS secret key for ECR login.' },
        aws_token: { description: 'The AWS session token for ECR login.' },
        aws_profile: { description: 'The AWS profile for ECR login.' },
        aws_force_use_public_ecr: { description: 'Log in to the public ECR gallery instead of a private registry.' },
        platform: { description: 'The platform of the image, e.g. `linux/arm64`.' },
      },
    },
    'post-processor docker-import': {
      description: 'Imports an exported container tar file as a Docker image.',
      attributes: {
        repository: { description: 'The repository of the imported image.' },
        tag: { description: 'The tag of the imported image.' },
        changes: { description: 'Dockerfile instructions applied while importing.' },
        platform: { description: 'The platform of the imported image.' },
      },
    },
  },
};
