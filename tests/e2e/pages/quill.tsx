import Quill from 'quill';
import 'quill/dist/quill.snow.css';

const quill = new Quill('#editor', { theme: 'snow' });
/** The editor's own model, read by the test to check it saw every change. */
(window as unknown as { editorText: () => string }).editorText = () => quill.getText();
