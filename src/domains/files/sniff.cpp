#include "domains/files/sniff.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>

namespace imedic::files {

namespace {

bool StartsWith(std::string_view bytes, std::string_view magic) {
  return bytes.size() >= magic.size() && bytes.substr(0, magic.size()) == magic;
}

std::uint32_t BigEndian32(std::string_view b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}

constexpr std::array<std::string_view, 8> kHeicBrands = {"heic", "heix", "hevc", "hevx",
                                                         "heim", "heis", "hevm", "hevs"};
constexpr std::array<std::string_view, 2> kHeifBrands = {"mif1", "msf1"};
constexpr std::array<std::string_view, 2> kAvifBrands = {"avif", "avis"};

template <std::size_t N>
bool OneOf(std::string_view brand, const std::array<std::string_view, N>& set) {
  for (std::string_view b : set) {
    if (brand == b) return true;
  }
  return false;
}

// ISO/IEC 14496-12: [size:4]["ftyp"][major:4][minor version:4][compatible:4]*.
bool IsHeic(std::string_view bytes) {
  if (bytes.size() < 16 || bytes.substr(4, 4) != "ftyp") return false;
  std::uint32_t size = BigEndian32(bytes, 0);
  if (size < 16 || size % 4 != 0 || size > 4096) return false;
  // The box may be cut short only by the end of the upload itself.
  std::size_t end = std::min<std::size_t>(size, bytes.size());
  bool heic = false;
  bool heif = false;
  bool avif = false;
  auto consider = [&](std::string_view brand) {
    heic = heic || OneOf(brand, kHeicBrands);
    heif = heif || OneOf(brand, kHeifBrands);
    avif = avif || OneOf(brand, kAvifBrands);
  };
  consider(bytes.substr(8, 4));
  for (std::size_t at = 16; at + 4 <= end; at += 4) consider(bytes.substr(at, 4));
  return !avif && (heic || heif);
}

std::string LowerMedia(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.remove_prefix(1);
  std::string out(media);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<MediaType> SniffMediaType(std::string_view bytes) {
  if (StartsWith(bytes, "\xFF\xD8\xFF")) return MediaType::kJpeg;
  if (StartsWith(bytes, "\x89PNG\r\n\x1A\n")) return MediaType::kPng;
  if (StartsWith(bytes, "%PDF-")) return MediaType::kPdf;
  if (IsHeic(bytes)) return MediaType::kHeic;
  return std::nullopt;
}

std::string_view MediaTypeName(MediaType type) {
  switch (type) {
    case MediaType::kJpeg: return "image/jpeg";
    case MediaType::kPng: return "image/png";
    case MediaType::kHeic: return "image/heic";
    case MediaType::kPdf: return "application/pdf";
  }
  return "application/octet-stream";
}

std::optional<MediaType> ParseMediaType(std::string_view content_type) {
  const std::string media = LowerMedia(content_type);
  if (media == "image/jpeg" || media == "image/jpg") return MediaType::kJpeg;
  if (media == "image/png") return MediaType::kPng;
  if (media == "image/heic" || media == "image/heif") return MediaType::kHeic;
  if (media == "application/pdf") return MediaType::kPdf;
  return std::nullopt;
}

bool IsGenericContentType(std::string_view content_type) {
  const std::string media = LowerMedia(content_type);
  return media.empty() || media == "application/octet-stream";
}

std::string_view FileKindName(FileKind kind) {
  switch (kind) {
    case FileKind::kHairLossPhoto: return "hair_loss_photo";
    case FileKind::kMedicalDocument: return "medical_document";
    case FileKind::kPassportScan: return "passport_scan";
    case FileKind::kOutcomePhoto: return "outcome_photo";
  }
  return "";
}

std::optional<FileKind> ParseFileKind(std::string_view name) {
  for (FileKind k : {FileKind::kHairLossPhoto, FileKind::kMedicalDocument, FileKind::kPassportScan,
                     FileKind::kOutcomePhoto}) {
    if (name == FileKindName(k)) return k;
  }
  return std::nullopt;
}

bool KindAllows(FileKind kind, MediaType type) {
  switch (kind) {
    case FileKind::kHairLossPhoto:
    case FileKind::kOutcomePhoto: return type != MediaType::kPdf;
    case FileKind::kMedicalDocument:
    case FileKind::kPassportScan: return true;
  }
  return false;
}

}  // namespace imedic::files
