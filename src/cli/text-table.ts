export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align: Align;
}

/**
 * Lays out rows of cells as aligned plain-text lines: a header line, then one line per row, columns
 * separated by two spaces. Trailing spaces are trimmed so the output diffs cleanly.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((column, i) => Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i]!;
        return column.align === 'left' ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)];
}
