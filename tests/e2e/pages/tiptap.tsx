import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';

const editor = new Editor({ element: document.getElementById('editor')!, extensions: [StarterKit] });
/** The editor's own model (ProseMirror document), read by the test. */
(window as unknown as { editorText: () => string }).editorText = () => editor.getText();
