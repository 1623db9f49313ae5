import type { CommandHandlers } from '../../api/handlers';
import type { workspaceCommands } from '../../api/workspaceApi';
import type { WorkspaceService } from './workspaceService';

/** The `workspace.*` commands of the API, served by one WorkspaceService. */
export function workspaceHandlers(workspace: WorkspaceService): Pick<CommandHandlers, keyof typeof workspaceCommands> {
  return {
    'workspace.student': () => workspace.student(),
    'workspace.lessonState.get': ({ slug }) => workspace.getLessonState(slug),
    'workspace.lessonState.put': ({ slug, state }) => workspace.putLessonState(slug, state),
    'workspace.lessonState.reset': ({ slug }) => workspace.resetLesson(slug),
    'workspace.progress': () => workspace.progress(),
    'workspace.stacks.list': () => workspace.listStacks(),
    'workspace.stacks.read': ({ name }) => workspace.readStack(name),
    'workspace.stacks.write': ({ name, text, overwrite }) => workspace.writeStack(name, text, overwrite),
    'workspace.stacks.delete': ({ name }) => workspace.deleteStack(name),
    'workspace.builderDraft.get': () => workspace.getBuilderDraft(),
    'workspace.builderDraft.put': (draft) => workspace.putBuilderDraft(draft),
  };
}
