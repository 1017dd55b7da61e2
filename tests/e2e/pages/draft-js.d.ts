/**
 * The few Draft.js types the test page uses. Draft.js ships no types, and it lives in its own
 * fixture package (tests/e2e/fixtures/draft, for React 18), where `tsc` does not look.
 */
declare module 'draft-js' {
  import type { ComponentType } from 'react';

  export interface ContentState {
    getPlainText(delimiter?: string): string;
  }
  export class EditorState {
    static createEmpty(): EditorState;
    getCurrentContent(): ContentState;
  }
  export const Editor: ComponentType<{ editorState: EditorState; onChange: (state: EditorState) => void; webDriverTestID?: string }>;
}
