import sanitizeHtml from 'sanitize-html';

/**
 * 通知公告 bodies are rich text written in the console and rendered as HTML by the portal, so
 * they are sanitised once, on write, to a small allow-list: what is stored is safe to render as
 * it is. Scripts, styles and event handlers go, links keep only http(s) and mailto targets and
 * open nothing with the opener, and images may only show the station's own attachments (no
 * tracking pixels, no mixed content, nothing a notice's reader did not get from the hall).
 */

/** Where the portal serves a station's publicity files: the only image source a body may use. */
function publicFilePath(station: string, id: string): string {
  return `/${station}/publicity/files/${id}`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const LINK = /^(?:https?:\/\/[^\s]+|mailto:[^\s]+)$/i;
const SPAN = /^[1-9]\d?$/;

export interface SanitisedBody {
  html: string;
  /** The text, for excerpts and search. */
  text: string;
  /** Attachments the body shows as images. */
  imageIds: string[];
}

export function sanitiseBody(html: string, station: string): SanitisedBody {
  const image = new RegExp(`^/${station}/publicity/files/(${UUID})$`, 'i');
  const imageIds = new Set<string>();
  const clean = sanitizeHtml(html, {
    allowedTags: [
      'p',
      'br',
      'strong',
      'em',
      'u',
      'ul',
      'ol',
      'li',
      'h3',
      'h4',
      'a',
      'table',
      'caption',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'img',
    ],
    allowedAttributes: {
      a: ['href', 'rel'],
      th: ['colspan', 'rowspan'],
      td: ['colspan', 'rowspan'],
      img: ['src', 'alt'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: [] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      b: 'strong',
      i: 'em',
      h1: 'h3',
      h2: 'h3',
      h5: 'h4',
      h6: 'h4',
      a: (tagName, attribs): sanitizeHtml.Tag => {
        const href = (attribs.href ?? '').trim();
        return {
          tagName,
          attribs: LINK.test(href) ? { href, rel: 'noopener noreferrer' } : {},
        };
      },
      th: keepSpans,
      td: keepSpans,
      img: (tagName, attribs): sanitizeHtml.Tag => {
        const match = image.exec((attribs.src ?? '').trim());
        if (!match) return { tagName, attribs: {} };
        const id = match[1]!.toLowerCase();
        imageIds.add(id);
        return {
          tagName,
          attribs: {
            src: publicFilePath(station, id),
            ...(attribs.alt ? { alt: attribs.alt } : {}),
          },
        };
      },
    },
    // An image from anywhere else goes entirely, rather than leaving an empty <img>.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  }).trim();
  return { html: clean, text: textOf(clean), imageIds: [...imageIds] };
}

function keepSpans(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const kept: Record<string, string> = {};
  for (const name of ['colspan', 'rowspan'])
    if (attribs[name] && SPAN.test(attribs[name])) kept[name] = attribs[name];
  return { tagName, attribs: kept };
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
};

/** The text of sanitised HTML: block ends become spaces, entities are decoded. */
export function textOf(html: string): string {
  const stripped = sanitizeHtml(
    html.replace(/<\/(p|li|h3|h4|tr|td|th|caption)>|<br\s*\/?>/gi, '$& '),
    {
      allowedTags: [],
      allowedAttributes: {},
    },
  );
  return stripped
    .replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first `length` characters of a text, with an ellipsis when cut. */
export function excerpt(text: string, length = 120): string {
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length).join('')}…`;
}
