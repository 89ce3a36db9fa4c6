import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Agendash's built page and assets (the package's `public/`). */
export const AGENDASH_PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.resolve('agendash'))), '..', 'public');

/** The controls of Agendash's page that change the queue, by their title (one per action, row and bulk). */
const CONTROLS = {
  requeue: ['Requeue (create new job)', 'Requeue list of selected jobs (creates new jobs)'],
  retry: ['Retry (rerun existing job)', 'Retry list of selected failed jobs (reruns existing jobs)'],
  delete: ['Delete permanently', 'Delete list of selected jobs'],
  pauseResume: ['Pause job', 'Resume job', 'Pause list of selected jobs', 'Resume list of selected jobs'],
};

/**
 * The style sheet the page loads after Agendash's: it hides the controls of the actions this dashboard refuses,
 * so that a read-only page shows no write button (and, writes on, no pause or resume). Hiding is for the
 * operator; the server refuses these actions whatever the page shows.
 */
export function dashboardCss(allowWrites: boolean): string {
  const hidden = allowWrites ? CONTROLS.pauseResume : Object.values(CONTROLS).flat();
  const selectors = hidden.map((t) => `[title=${JSON.stringify(t)}]`);
  // Read-only: the "+ New Job" button (the only full-width green one), and the bulk bar with the row checkboxes.
  if (!allowWrites)
    selectors.push(
      'button.btn-success.w-100',
      'div:has(> [title="Delete list of selected jobs"])',
      'th:has(> input[type="checkbox"])',
      'td:has(> input[type="checkbox"])',
    );
  return `${selectors.join(',\n')} {\n  display: none !important;\n}\n`;
}

/** Agendash's index.html with the dashboard's style sheet after its own. */
export function indexHtml(): string {
  const html = readFileSync(path.join(AGENDASH_PUBLIC, 'index.html'), 'utf8');
  return html.replace('</head>', '\t<link rel="stylesheet" href="./dashboard.css">\n\t</head>');
}
