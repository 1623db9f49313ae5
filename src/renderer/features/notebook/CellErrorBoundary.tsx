import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/**
 * One cell failing to render must not take the lesson (or the app) down with it: the
 * cell shows the error and its source, and the rest of the notebook reads on.
 */
export class CellErrorBoundary extends Component<{ cellId: string; source: string; children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <section className="cell cell-live cell-broken" data-cell-id={this.props.cellId}>
        <header className="cell-header">
          <span className="cell-kind">error</span>
          <code className="cell-id">{this.props.cellId}</code>
        </header>
        <div className="cell-body">
          <p className="output-error">This cell could not be shown: {this.state.error.message}</p>
          <pre className="cell-invalid-source">{this.props.source}</pre>
        </div>
      </section>
    );
  }
}
