/** What the local servers (s3rver, dynalite) accept; on AWS the default credential chain applies instead. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
