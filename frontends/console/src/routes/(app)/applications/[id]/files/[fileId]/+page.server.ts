import { previewable, sizeText } from '$lib/applications';
import { loadApplication, requireCaseworker } from '$lib/server/applications';
import { applicationHead } from '../../application.server';
import { fileOf } from './file.server';
import type { PageServerLoad } from './$types';

/** 预览: an image or a PDF of the application shown in the page; other types are downloaded. */
export const load: PageServerLoad = async (event) => {
  const { station } = requireCaseworker(event);
  const app = await loadApplication(event, station);
  const file = fileOf(app, event.params.fileId);
  const content = `/applications/${app.id}/files/${file.id}/content`;
  return {
    head: applicationHead(app),
    file: {
      name: file.name,
      size: sizeText(file.size),
      mediaType: file.mediaType,
      kind: !previewable(file.mediaType)
        ? 'other'
        : file.mediaType === 'application/pdf'
          ? 'pdf'
          : 'image',
      inlineHref: `${content}?inline=1`,
      downloadHref: content,
    },
  };
};
