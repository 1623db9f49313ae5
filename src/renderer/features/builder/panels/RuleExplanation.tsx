import { ruleInfo } from '../../../../core/stack';

/** Why a rule holds and how to fix a stack that breaks it, from the rule catalogue. */
export function RuleExplanation({ rule }: { rule: string }) {
  const info = ruleInfo(rule);
  if (!info) return null;
  return (
    <div className="rule-explanation" data-testid="rule-explanation">
      <div className="rule-title">{info.title}</div>
      <p>{info.explanation}</p>
      {info.fix && (
        <p>
          <strong>Fix: </strong>
          {info.fix}
        </p>
      )}
      {info.seminar && <p className="rule-source">From the seminar: {info.seminar}</p>}
    </div>
  );
}
