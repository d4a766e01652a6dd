// What an uploaded file is, judged by its first bytes rather than by what
// the client claims: JPEG, PNG, HEIC (ISO-BMFF) and PDF are accepted, and
// each kind of file allows only some of them. Pure functions, no I/O.
#pragma once

#include <optional>
#include <string_view>

namespace imedic::files {

enum class MediaType { kJpeg, kPng, kHeic, kPdf };

enum class FileKind { kHairLossPhoto, kMedicalDocument, kPassportScan, kOutcomePhoto };

// The media type the bytes start with, or nullopt when they are none of the
// accepted ones:
//   JPEG  FF D8 FF
//   PNG   89 50 4E 47 0D 0A 1A 0A
//   HEIC  an ISO-BMFF `ftyp` box at offset 4 whose major or compatible brands
//         name HEIC/HEIF (heic, heix, hevc, hevx, heim, heis, hevm, hevs,
//         mif1, msf1); AVIF (brand avif/avis) is not HEIC
//   PDF   "%PDF-"
std::optional<MediaType> SniffMediaType(std::string_view bytes);

// "image/jpeg", "image/png", "image/heic", "application/pdf".
std::string_view MediaTypeName(MediaType type);

// The media type a Content-Type header names (case-insensitive, parameters
// ignored; "image/jpg" and "image/heif" accepted as aliases), or nullopt.
std::optional<MediaType> ParseMediaType(std::string_view content_type);

// True for a Content-Type that claims nothing specific: empty or
// application/octet-stream. The sniffed type is then taken as is.
bool IsGenericContentType(std::string_view content_type);

// "hair_loss_photo", "medical_document", "passport_scan", "outcome_photo".
std::string_view FileKindName(FileKind kind);
std::optional<FileKind> ParseFileKind(std::string_view name);

// Photos are images only; documents and passport scans are images or PDF.
bool KindAllows(FileKind kind, MediaType type);

}  // namespace imedic::files
