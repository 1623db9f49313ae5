import { describeLayer, type Layer, type Stack } from '../../../../core/stack';
import { AppViewCard } from './AppViewCard';
import { classLabel } from '../canvas/classLabels';
import { FieldInput } from './FieldInput';
import { isAggregate } from '../model/layerCatalog';
import { layerFields, type FieldSpec } from '../model/layerFields';
import { placeOn, removeScenarioStep, setLayerField } from '../model/stackEdits';
import { RuleExplanation } from './RuleExplanation';
import { SeverityIcon } from './SeverityIcon';
import { useBuilder } from '../state/useBuilder';
import { useBuilderStore } from '../state/useBuilderStore';
import { useStackCheck } from '../state/useStackCheck';

const idSpec: FieldSpec = { key: 'id', label: 'Id', type: 'text' };
const nameSpec: FieldSpec = { key: 'name', label: 'Name', type: 'text' };

/** The selected layer's fields, what it runs on, its findings with their reasons; with nothing selected, the stack's name and scenario. */
export function PropertiesPanel({ readOnly: readOnlyView = false }: { readOnly?: boolean }) {
  const stack = useBuilder((s) => s.builderDoc.stack);
  const selection = useBuilder((s) => s.builderSelection);
  // Until a stack just opened (the first one, a preset, the draft) comes back from the check
  // worker, the fields show the stack before it; a field edited then would change under the
  // student's keys when it arrives.
  const opening = useBuilder((s) => s.builderOpening !== null);
  const readOnly = readOnlyView || opening;
  const layers = selection.map((id) => stack.layers.find((l) => l.id === id)).filter((l): l is Layer => l !== undefined);
  return (
    <section className="properties" aria-label="Properties" data-testid="properties">
      {layers.length === 1 ? (
        <LayerProperties layer={layers[0] as Layer} stack={stack} readOnly={readOnly} />
      ) : layers.length > 1 ? (
        <SelectionProperties layers={layers} readOnly={readOnly} />
      ) : (
        <StackProperties stack={stack} readOnly={readOnly} />
      )}
    </section>
  );
}

function LayerProperties({ layer, stack, readOnly }: { layer: Layer; stack: Stack; readOnly: boolean }) {
  const store = useBuilderStore();
  const check = useStackCheck();
  const cls = check.classes[layer.id];
  const edit = (field: string, value: unknown, again = false): void => {
    store.getState().builderEdit((s) => setLayerField(s, layer.id, field, value), field === 'id' ? [String(value)] : undefined, again);
  };
  const findings = check.findings.filter((f) => f.layer === layer.id);
  return (
    <>
      <header className="panel-header properties-header" style={cls ? { ['--c' as string]: `var(--layer-${cls})` } : undefined}>
        <span className="legend-swatch" />
        <h3>{describeLayer(layer)}</h3>
        {cls && <span className="muted">{classLabel[cls]}</span>}
      </header>
      <div className="fields">
        <FieldInput
          spec={idSpec}
          value={layer.id}
          disabled={readOnly}
          refuse={(v) => takenId(stack, layer.id, String(v))}
          onCommit={(v, again) => edit('id', v, again)}
        />
        {layer.kind !== 'node' && <RunsOn layer={layer} stack={stack} readOnly={readOnly} />}
        {layerFields[layer.kind].map((spec) => (
          <FieldInput
            key={spec.key}
            spec={spec}
            value={(layer as Record<string, unknown>)[spec.key]}
            disabled={readOnly}
            onCommit={(v, again) => edit(spec.key, v, again)}
          />
        ))}
      </div>
      {findings.length > 0 && (
        <div className="layer-findings">
          <h4>Findings</h4>
          {findings.map((f, i) => (
            <details key={`${f.rule}${i}`} className={`layer-finding ${f.severity}`} open={f.severity === 'error'}>
              <summary>
                <SeverityIcon severity={f.severity} /> {f.message}
              </summary>
              <RuleExplanation rule={f.rule} />
            </details>
          ))}
        </div>
      )}
      {layer.kind === 'app' && (
        <div className="properties-view">
          <AppViewCard appId={layer.id} />
        </div>
      )}
    </>
  );
}

/** Why a layer cannot be renamed to `id`: another layer holds it (renameLayer refuses it too). */
function takenId(stack: Stack, current: string, id: string): string | null {
  return id !== current && stack.layers.some((l) => l.id === id) ? `Another layer is called “${id}”; ids are unique.` : null;
}

/** What a layer stands on: one layer, or an SSI's or vSMP's member list. */
function RunsOn({ layer, stack, readOnly }: { layer: Layer; stack: Stack; readOnly: boolean }) {
  const store = useBuilderStore();
  const current = layer.on === undefined ? [] : typeof layer.on === 'string' ? [layer.on] : layer.on;
  const others = stack.layers.filter((l) => l.id !== layer.id);
  const set = (on: string[]): void =>
    store
      .getState()
      .builderEdit((s) => (on.length === 0 ? setLayerField(s, layer.id, 'on', undefined) : placeOn(s, layer.id, isAggregate(layer) ? on : (on[0] as string))));
  if (isAggregate(layer)) {
    const candidates = others.filter((l) =>
      layer.kind === 'ssi' ? l.kind === 'os' || l.kind === 'vm' || l.kind === 'node' || l.kind === 'container' : l.kind === 'node',
    );
    return (
      <fieldset className="field members" disabled={readOnly}>
        <legend>Members</legend>
        {candidates.map((l) => (
          <label key={l.id} className="member">
            <input
              type="checkbox"
              checked={current.includes(l.id)}
              onChange={(e) => set(e.target.checked ? [...current, l.id] : current.filter((id) => id !== l.id))}
            />
            {l.id}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <div className="field">
      <label htmlFor="field-on">Runs on</label>
      <select id="field-on" value={current[0] ?? ''} disabled={readOnly} onChange={(e) => set(e.target.value ? [e.target.value] : [])}>
        <option value="">nothing (not placed)</option>
        {others.map((l) => (
          <option key={l.id} value={l.id}>
            {describeLayer(l)}
          </option>
        ))}
      </select>
    </div>
  );
}

function SelectionProperties({ layers, readOnly }: { layers: Layer[]; readOnly: boolean }) {
  const store = useBuilderStore();
  const allNodes = layers.every((l) => l.kind === 'node');
  return (
    <>
      <header className="panel-header">
        <h3>{layers.length} layers selected</h3>
      </header>
      <p className="muted">{layers.map((l) => l.id).join(', ')}</p>
      {!readOnly && (
        <div className="button-column">
          <button type="button" onClick={() => store.getState().builderJoinSelection('ssi')}>
            Join into an SSI
          </button>
          {allNodes && (
            <button type="button" onClick={() => store.getState().builderJoinSelection('vsmp')}>
              Join into a vSMP machine
            </button>
          )}
          <button type="button" className="danger" onClick={() => store.getState().builderDeleteSelection()}>
            Delete {layers.length} layers
          </button>
        </div>
      )}
    </>
  );
}

function StackProperties({ stack, readOnly }: { stack: Stack; readOnly: boolean }) {
  const store = useBuilderStore();
  const edit = (fn: (s: Stack) => Stack, again = false): void => store.getState().builderEdit(fn, undefined, again);
  return (
    <>
      <header className="panel-header">
        <h3>Stack</h3>
        <span className="muted">{stack.layers.length} layers</span>
      </header>
      <div className="fields">
        <FieldInput spec={nameSpec} value={stack.name} disabled={readOnly} onCommit={(v, again) => edit((s) => ({ ...s, name: String(v) }), again)} />
      </div>
      <h4>Scenario</h4>
      {(stack.scenario ?? []).length === 0 ? (
        <p className="muted">No scenario yet. Right-click a layer to migrate it, suspend it, fail a node or add one.</p>
      ) : (
        <ol className="scenario-list" data-testid="scenario-list">
          {(stack.scenario ?? []).map((step, i) => (
            <li key={`${step.at}-${step.do}-${i}`}>
              <span className="scenario-at">t = {step.at} s</span>
              <span className="scenario-what">
                {step.do} {'target' in step ? step.target : 'name' in step ? `“${step.name}”` : ''}
                {'to' in step && step.to ? ` → ${step.to}` : ''}
                {step.do === 'add-node' ? ` ${step.layers.map((l) => l.id).join(', ')}${step.join ? ` → ${step.join}` : ''}` : ''}
              </span>
              {!readOnly && (
                <button type="button" className="icon-button" aria-label={`Remove step ${i + 1}`} onClick={() => edit((s) => removeScenarioStep(s, i))}>
                  ✕
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      <p className="muted small">Select a layer to edit it. Shift-drag selects several; Ctrl+A selects all.</p>
    </>
  );
}
