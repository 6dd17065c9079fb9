/** Where a version's files live in the public bucket; the same path is served at PUBLIC_BASE_URL. */
export const versionPrefix = (datasetId: string, version: string): string => `datasets/${datasetId}/${version}/`;

export const fileUrl = (publicBaseUrl: string, key: string): string =>
  `${publicBaseUrl}/${key.split('/').map(encodeURIComponent).join('/')}`;

export const datasetPageUrl = (publicBaseUrl: string, datasetId: string): string =>
  `${publicBaseUrl}/dataset/${encodeURIComponent(datasetId)}`;

export const datasetApiUrl = (publicBaseUrl: string, datasetId: string): string =>
  `${publicBaseUrl}/api/datasets/${encodeURIComponent(datasetId)}`;
