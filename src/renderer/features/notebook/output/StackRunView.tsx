import type { StackRunOutput } from '../work/cellOutputs';
import { CheckResultView } from './CheckResultView';
import { SimulationView } from './SimulationView';

/** The saved output of a stack or scenario run, marked stale when the source changed since. */
export function StackRunView({ output, currentSource, eventsOpen }: { output: StackRunOutput; currentSource: string; eventsOpen?: boolean }) {
  const stale = output.source !== currentSource;
  return (
    <div className={`cell-output${stale ? ' stale' : ''}`} data-testid="stack-output">
      <div className="output-meta">
        {stale && (
          <span className="out-of-date" role="status" title="The stack changed since this run: these results are for the stack as it was">
            Out of date — run again
          </span>
        )}
        Ran {new Date(output.at).toLocaleString()}
        {output.wallMs !== undefined && ` in ${Math.round(output.wallMs)} ms`}
        {output.simulation && (output.figures === 'host' ? ", with this machine's figures" : ", with the literature's figures (2007 hardware)")}
      </div>
      {output.check && <CheckResultView check={output.check} />}
      {output.error && <p className="output-error">{output.error}</p>}
      {output.simulation && <SimulationView simulation={output.simulation} eventsOpen={eventsOpen} />}
    </div>
  );
}
