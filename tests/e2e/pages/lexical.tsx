import { registerRichText } from '@lexical/rich-text';
import { $createParagraphNode, $getRoot, createEditor } from 'lexical';

const editor = createEditor({ namespace: 'inkling-test', onError: (error) => console.error(error) });
editor.setRootElement(document.getElementById('editor'));
registerRichText(editor);
editor.update(() => $getRoot().append($createParagraphNode()));
/** The editor's own model, read by the test. */
(window as unknown as { editorText: () => string }).editorText = () => editor.getEditorState().read(() => $getRoot().getTextContent());
