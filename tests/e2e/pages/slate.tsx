/** @jsxImportSource react */
import { createRoot } from 'react-dom/client';
import { createEditor, Node, type Descendant } from 'slate';
import { withHistory } from 'slate-history';
import { Editable, Slate, withReact } from 'slate-react';

const editor = withHistory(withReact(createEditor()));
const initialValue = [{ type: 'paragraph', children: [{ text: '' }] }] as unknown as Descendant[];
createRoot(document.getElementById('root')!).render(
  <Slate editor={editor} initialValue={initialValue}>
    <Editable id="editor" />
  </Slate>,
);
/** The editor's own model (`editor.children`), read by the test. */
(window as unknown as { editorText: () => string }).editorText = () => editor.children.map((n) => Node.string(n)).join('\n');
