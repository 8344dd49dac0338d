import multer from 'multer';
import { expect } from 'vitest';
import { errorAsJson, sideBySide } from './side-by-side.js';

sideBySide(
  'multer: a file and a text field',
  (app) => {
    const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 64 } });
    app.post('/upload', upload.single('attachment'), (req, res) => {
      const file = req.file;
      res.json({
        fields: { ...req.body },
        file: file && {
          fieldname: file.fieldname,
          originalname: file.originalname,
          mimetype: file.mimetype,
          size: file.size,
          content: file.buffer.toString('utf8'),
        },
      });
    });
    app.use(errorAsJson);
  },
  async ({ agent }) => {
    const uploaded = await agent
      .post('/upload')
      .field('title', 'notes')
      .attach('attachment', Buffer.from('line one\nline two\n'), {
        filename: 'notes.txt',
        contentType: 'text/plain',
      });
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toEqual({
      fields: { title: 'notes' },
      file: {
        fieldname: 'attachment',
        originalname: 'notes.txt',
        mimetype: 'text/plain',
        size: 18,
        content: 'line one\nline two\n',
      },
    });

    const tooLarge = await agent
      .post('/upload')
      .attach('attachment', Buffer.alloc(100, 'a'), { filename: 'big.txt', contentType: 'text/plain' });
    // A MulterError has a code and no status: the error handler answers 500.
    expect(tooLarge.status).toBe(500);
    expect(tooLarge.body.code).toBe('LIMIT_FILE_SIZE');

    const unexpected = await agent
      .post('/upload')
      .attach('other', Buffer.from('x'), { filename: 'x.txt', contentType: 'text/plain' });
    expect(unexpected.status).toBe(500);
    expect(unexpected.body.code).toBe('LIMIT_UNEXPECTED_FILE');

    // Not multipart: multer passes it on untouched.
    const plain = await agent.post('/upload').send({ title: 'json' });
    expect(plain.body).toEqual({ fields: {} });
  },
);
