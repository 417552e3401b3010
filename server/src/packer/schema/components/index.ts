// Every component Bilder knows the body of. A block whose type is not listed here is an unknown plugin: no attribute of
// it is reported (see BlockSchema.open on source/data/provisioner/post-processor).
import type { ComponentKind, ComponentSchema } from '../types';
import { amazonComponents } from './amazon';
import { ansibleComponents } from './ansible';
import { builtinComponents } from './builtin';
import { dockerComponents } from './docker';
import { hcpPackerComponents } from './hcpPacker';
import { qemuComponents } from './qemu';

export { communicatorAttributes } from './communicator';

export const components: readonly ComponentSchema[] = [
  ...builtinComponents,
  ...hcpPackerComponents,
  ...amazonComponents,
  ...dockerComponents,
  ...qemuComponents,
  ...ansibleComponents,
];

const byKindAndType = new Map(components.map((component) => [`${component.kind}\u0000${component.type}`, component]));

export function findComponent(kind: ComponentKind, type: string): ComponentSchema | undefined {
  return byKindAndType.get(`${kind}\u0000${type}`);
}
