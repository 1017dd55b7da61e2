import { javascript } from '@codemirror/lang-javascript';
import { basicSetup, EditorView } from 'codemirror';
import { indentWithTab } from '@codemirror/commands';
import { keymap } from '@codemirror/view';

// A code editor as sites embed it: CodeMirror 6 with JavaScript, Tab indents.
const view = new EditorView({
  doc: '',
  extensions: [basicSetup, keymap.of([indentWithTab]), javascript()],
  parent: document.getElementById('editor')!,
});
/** The editor's own model, read by the test. */
(window as unknown as { editorText: () => string }).editorText = () => view.state.doc.toString();
