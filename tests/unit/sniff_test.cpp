// Content sniffing of uploads: magic numbers, ISO-BMFF brands, declared
// types, and which kinds of file allow which types.
#include "domains/files/sniff.hpp"

#include <gtest/gtest.h>

#include <string>

namespace imedic::files {
namespace {

using namespace std::string_literals;

// An ISO-BMFF file starting with an ftyp box of these brands.
std::string Ftyp(const std::string& major, const std::string& compatible) {
  const std::size_t size = 16 + compatible.size();
  std::string box;
  box += static_cast<char>((size >> 24) & 0xff);
  box += static_cast<char>((size >> 16) & 0xff);
  box += static_cast<char>((size >> 8) & 0xff);
  box += static_cast<char>(size & 0xff);
  box += "ftyp" + major + "\0\0\0\0"s + compatible;
  return box + "\0\0\0\x08meta"s;
}

TEST(Sniff, RecognisesEachAcceptedType) {
  EXPECT_EQ(SniffMediaType("\xFF\xD8\xFF\xE0\0\x10JFIF"s), MediaType::kJpeg);
  EXPECT_EQ(SniffMediaType("\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s), MediaType::kPng);
  EXPECT_EQ(SniffMediaType("%PDF-1.7\n%\xE2\xE3\xCF\xD3"s), MediaType::kPdf);
  EXPECT_EQ(SniffMediaType(Ftyp("heic", "mif1heic")), MediaType::kHeic);
  EXPECT_EQ(SniffMediaType(Ftyp("heix", "")), MediaType::kHeic);
  EXPECT_EQ(SniffMediaType(Ftyp("mif1", "heic")), MediaType::kHeic);
  EXPECT_EQ(SniffMediaType(Ftyp("msf1", "hevc")), MediaType::kHeic);
  // A compatible brand alone is enough.
  EXPECT_EQ(SniffMediaType(Ftyp("isom", "hevx")), MediaType::kHeic);
}

TEST(Sniff, RefusesEverythingElse) {
  for (const std::string& bytes : {""s, "\xFF\xD8"s, "\x89PNG\r\n\x1A"s, "%PDF"s,
                                   "GIF89a\x01\0\x01\0"s, "RIFF\0\0\0\0WEBPVP8 "s, "<html><body>"s,
                                   "{\"json\":true}"s, "MZ\x90\0"s, " %PDF-1.4"s, "PK\x03\x04"s}) {
    EXPECT_FALSE(SniffMediaType(bytes).has_value()) << bytes;
  }
  // ISO-BMFF files that are not HEIC: MP4, QuickTime, AVIF (which is also mif1).
  EXPECT_FALSE(SniffMediaType(Ftyp("isom", "iso2mp41")).has_value());
  EXPECT_FALSE(SniffMediaType(Ftyp("qt  ", "qt  ")).has_value());
  EXPECT_FALSE(SniffMediaType(Ftyp("avif", "mif1miaf")).has_value());
  EXPECT_FALSE(SniffMediaType(Ftyp("mif1", "avif")).has_value());
  // A malformed box size.
  std::string bad = Ftyp("heic", "");
  bad[3] = 7;
  EXPECT_FALSE(SniffMediaType(bad).has_value());
  // ftyp not at offset 4.
  EXPECT_FALSE(SniffMediaType("\0\0\0\0\0ftypheic\0\0\0\0"s).has_value());
}

TEST(Sniff, DeclaredTypes) {
  EXPECT_EQ(ParseMediaType("image/jpeg"), MediaType::kJpeg);
  EXPECT_EQ(ParseMediaType("IMAGE/JPG"), MediaType::kJpeg);
  EXPECT_EQ(ParseMediaType("image/png; charset=binary"), MediaType::kPng);
  EXPECT_EQ(ParseMediaType("image/heif"), MediaType::kHeic);
  EXPECT_EQ(ParseMediaType(" application/pdf "), MediaType::kPdf);
  EXPECT_FALSE(ParseMediaType("image/gif").has_value());
  EXPECT_FALSE(ParseMediaType("application/json").has_value());
  EXPECT_FALSE(ParseMediaType("").has_value());
  EXPECT_TRUE(IsGenericContentType(""));
  EXPECT_TRUE(IsGenericContentType("Application/Octet-Stream"));
  EXPECT_FALSE(IsGenericContentType("image/png"));
  for (MediaType t : {MediaType::kJpeg, MediaType::kPng, MediaType::kHeic, MediaType::kPdf}) {
    EXPECT_EQ(ParseMediaType(MediaTypeName(t)), t);
  }
}

TEST(Sniff, KindsAndTheTypesTheyAllow) {
  for (FileKind k : {FileKind::kHairLossPhoto, FileKind::kMedicalDocument, FileKind::kPassportScan,
                     FileKind::kOutcomePhoto}) {
    EXPECT_EQ(ParseFileKind(FileKindName(k)), k);
    for (MediaType t : {MediaType::kJpeg, MediaType::kPng, MediaType::kHeic}) {
      EXPECT_TRUE(KindAllows(k, t));
    }
  }
  EXPECT_FALSE(KindAllows(FileKind::kHairLossPhoto, MediaType::kPdf));
  EXPECT_FALSE(KindAllows(FileKind::kOutcomePhoto, MediaType::kPdf));
  EXPECT_TRUE(KindAllows(FileKind::kMedicalDocument, MediaType::kPdf));
  EXPECT_TRUE(KindAllows(FileKind::kPassportScan, MediaType::kPdf));
  EXPECT_FALSE(ParseFileKind("photo").has_value());
  EXPECT_FALSE(ParseFileKind("").has_value());
}

}  // namespace
}  // namespace imedic::files
