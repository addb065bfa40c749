// Package scanfile decodes scan files (PNG, JPEG, TIFF, PDF) into 8-bit gray
// pages with the resolution to use downstream.
//
// Goals:
//   - Detect the format from the file's magic bytes, not its name.
//   - Open reads headers only and counts pages; Page decodes one page at a
//     time on demand, so memory stays bounded by one page (plus the decoder's
//     own working copy) however many pages a file has.
//   - Refuse decompression bombs (ErrTooLarge) from the announced pixel
//     count, before any pixel is decoded; the limit is MaxPixels.
//   - Multi-page TIFF: the IFD chain is walked here (classic TIFF, both byte
//     orders); golang.org/x/image/tiff then decodes page k through a view of
//     the file whose 8-byte header points at IFD k. Reduced-resolution IFDs
//     (thumbnails, NewSubfileType bit 0) are not counted as pages; an
//     unreadable IFD after good ones is counted as a page that fails, so a
//     damaged tail loses no page silently. JPEG-compressed pages
//     (Compression 7, strips or tiles), which x/image/tiff lacks, are
//     decoded here with image/jpeg. Min-is-black CCITT pages, which
//     x/image/tiff renders as a negative, are turned back.
//   - PDF through poppler's command-line tools (pdfinfo, pdfimages,
//     pdftoppm), run with a per-page timeout: each page is rasterised at the
//     native resolution of the scan embedded in it (its largest image, when
//     the images at that resolution cover a quarter of the page), or at
//     300 dpi when it holds no scan. poppler renders what it can of a
//     damaged page and exits 0: error lines on its stderr (font complaints
//     aside) fail the page instead.
//   - Resolution: from the file's metadata when plausible (DPISource "tag":
//     PNG pHYs, JPEG EXIF XResolution then JFIF density, TIFF XResolution,
//     PDF native ppi). Metadata is not plausible when it says 72 or 96 dpi
//     (software defaults) or implies a long side more than 15 % away from
//     A4's 297 mm. Otherwise the resolution is inferred from the pixel size
//     as an A4 sheet, long side / 11.69 in (DPISource "size"), snapped to
//     150, 200, 240, 300, 400 or 600 when 3 % below to 8 % above one: a
//     scan usually includes bed margins around the sheet, so the inferred
//     value runs high (by 0 to 6 % on the sample scans).
//   - Truncated or damaged files are errors naming the file and page, never
//     half-decoded pages.
//
// Non-goals:
//   - No deskewing, no orientation: the EXIF orientation tag is ignored on
//     purpose (the deskew package finds 90°/180° turns from the content).
//   - No BigTIFF, no old-style JPEG TIFF (Compression 6), no gray+alpha
//     TIFF, no 12-bit or arithmetic-coded JPEG, no PDF needing a password:
//     these fail with ErrUnsupported.
//   - Anisotropic raster files (fax 204×196) are reported by their
//     horizontal resolution only; pixels are not resampled to square (PDF
//     pages are rendered square, at the finer of the two).
//   - No cgo and no Tesseract: only the standard library, golang.org/x/image
//     and poppler-utils on PATH for PDF.
package scanfile
