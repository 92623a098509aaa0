// Markdown drawn as React elements (never innerHTML): headings, lists, code blocks, quotes,
// paragraphs, with **bold**, *italic* and `code` inline. Enough for reports a step writes.
import type { ReactNode } from 'react';

function inline(text: string): ReactNode[] {
  const parts = text.split(/(\*\*[^*]+\*\*|`[^`]+`|\*[^*]+\*)/g);
  return parts.map((part, index) => {
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4) return <strong key={index}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) return <code key={index}>{part.slice(1, -1)}</code>;
    if (part.startsWith('*') && part.endsWith('*') && part.length > 2) return <em key={index}>{part.slice(1, -1)}</em>;
    return part;
  });
}

export function Markdown({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const key = blocks.length;
    if (line.startsWith('```')) {
      const code: string[] = [];
      while (++i < lines.length && !lines[i].startsWith('```')) code.push(lines[i]);
      blocks.push(<pre key={key}>{code.join('\n')}</pre>);
    } else if (/^#{1,6}\s/.test(line)) {
      // Headings sit under the page's own h2 sections.
      const level = Math.min(6, line.indexOf(' ') + 2);
      const Tag = `h${level}` as 'h3';
      blocks.push(<Tag key={key}>{inline(line.replace(/^#+\s*/, ''))}</Tag>);
    } else if (/^\s*([-*]|\d+\.)\s/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const items: string[] = [];
      for (; i < lines.length && /^\s*([-*]|\d+\.)\s/.test(lines[i]); i++) items.push(lines[i].replace(/^\s*([-*]|\d+\.)\s/, ''));
      i--;
      const List = ordered ? 'ol' : 'ul';
      blocks.push(<List key={key}>{items.map((item, n) => <li key={n}>{inline(item)}</li>)}</List>);
    } else if (line.startsWith('>')) {
      blocks.push(<blockquote key={key}>{inline(line.replace(/^>\s?/, ''))}</blockquote>);
    } else if (line.trim()) {
      const paragraph = [line];
      while (i + 1 < lines.length && lines[i + 1].trim() && !/^(#|```|>|\s*([-*]|\d+\.)\s)/.test(lines[i + 1])) paragraph.push(lines[++i]);
      blocks.push(<p key={key}>{inline(paragraph.join(' '))}</p>);
    }
  }
  return <div className="markdown">{blocks}</div>;
}
