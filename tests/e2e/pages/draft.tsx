/** @jsxImportSource react */
import { Editor, EditorState } from 'draft-js';
import 'draft-js/dist/Draft.css';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

/** Bundled against tests/e2e/fixtures/draft (React 18: Draft.js 0.11 does not run on React 19). */
let latest = EditorState.createEmpty();
function DraftEditor() {
  const [state, setState] = useState(latest);
  latest = state;
  return <Editor editorState={state} onChange={setState} webDriverTestID="editor" />;
}
createRoot(document.getElementById('root')!).render(<DraftEditor />);
/** The editor's own model (the EditorState's content), read by the test. */
(window as unknown as { editorText: () => string }).editorText = () => latest.getCurrentContent().getPlainText('\n');
