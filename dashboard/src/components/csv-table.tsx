import { TableWrap } from './table-wrap.js';

// A CSV visualization as a table: the first row is the header; quoted fields may hold commas,
// quotes ("") and newlines. Long tables are cut at MAX_ROWS.
const MAX_ROWS = 500;

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(field), (field = '');
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += char;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

export function CsvTable({ text, caption }: { text: string; caption: string }) {
  const [header = [], ...body] = parseCsv(text);
  return (
    <TableWrap label={caption}>
      <table className="compact">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {header.map((name, index) => (
              <th scope="col" key={index}>
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {body.slice(0, MAX_ROWS).map((row, index) => (
            <tr key={index}>
              {row.map((value, column) => (
                <td key={column}>{value}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {body.length > MAX_ROWS && <p className="muted">Showing {MAX_ROWS} of {body.length} rows.</p>}
    </TableWrap>
  );
}
