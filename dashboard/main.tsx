// Placeholder until this terminal is built (issue 3).
import { render } from 'preact';
import '../web/style.css';

render(<main>…</main>, document.getElementById('app')!);
