import { classExplanations, type LayerClass } from '../../../../core/stack';

/** How the legend and tooltips name each class. */
export const classLabel: Record<LayerClass, string> = {
  hardware: 'Hardware',
  'aggregation-hypervisor': 'Aggregation hypervisor',
  'hypervisor-type1': 'Type I hypervisor',
  'hypervisor-type2': 'Type II hypervisor',
  emulator: 'Emulator',
  'virtual-hardware': 'Virtual hardware',
  'emulated-hardware': 'Emulated hardware',
  'os-kernel': 'OS kernel',
  'ssi-aggregate': 'Single system image',
  'os-virtualization': 'Container',
  application: 'Application',
};

/** Every class, bottom of a stack first (core's order of explanations): the legend's order. */
export const layerClasses = Object.keys(classExplanations) as LayerClass[];
