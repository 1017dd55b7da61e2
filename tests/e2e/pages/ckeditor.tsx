import { ClassicEditor, Essentials, Paragraph, type ModelElement, type ModelText } from 'ckeditor5';
import 'ckeditor5/ckeditor5.css';

/** The editor's own model, read by the test: each paragraph's text (what `getData()` turns into HTML). */
const w = window as unknown as { editorText: () => string };
void ClassicEditor.create(document.getElementById('editor')!, { licenseKey: 'GPL', plugins: [Essentials, Paragraph], toolbar: [] }).then((editor) => {
  w.editorText = () =>
    Array.from(editor.model.document.getRoot()!.getChildren())
      .map((block) => Array.from((block as ModelElement).getChildren()).map((node) => (node as ModelText).data ?? '').join(''))
      .join('\n');
});
