import { classExplanations } from '../../../../core/stack';
import { classLabel, layerClasses } from './classLabels';
import { useStackCheck } from '../state/useStackCheck';

/** The colours of the classes the stack uses, each with its explanation on hover. */
export function ClassLegend() {
  const { classes } = useStackCheck();
  const used = new Set(Object.values(classes));
  return (
    <div className="class-legend" aria-label="Layer classes" data-testid="class-legend">
      {layerClasses
        .filter((cls) => used.has(cls))
        .map((cls) => (
          <span key={cls} className="legend-item" title={classExplanations[cls]} style={{ ['--c' as string]: `var(--layer-${cls})` }}>
            <span className="legend-swatch" />
            {classLabel[cls]}
          </span>
        ))}
    </div>
  );
}
