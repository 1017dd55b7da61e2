import { registerRichText } from '@lexical/rich-text';
import { $getRoot, createEditor } from 'lexical';

const editor = createEditor({ namespace: 'inkling-test', onError: (error) => console.error(error) });
editor.setRootElement(document.getElementById('editor'));
registerRichText(editor);
/** The editor's own model, read by the test. */
(window as unknown as { editorText: () => string }).editorText = () => editor.getEditorState().read(() => $getRoot().getTextContent());
