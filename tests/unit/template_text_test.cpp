// WhatsApp template bodies: the placeholder count Meta accepts ({{1}}..{{n}}
// without a gap) and the text a send renders.
#include "domains/messaging/template_text.hpp"

#include <gtest/gtest.h>

namespace imedic::messaging {
namespace {

TEST(TemplateText, CountsGapFreePlaceholders) {
  EXPECT_EQ(TemplateVariableCount("No variables"), 0);
  EXPECT_EQ(TemplateVariableCount("Hello {{1}}, on {{2}} at {{3}}."), 3);
  EXPECT_EQ(TemplateVariableCount("{{1}} and {{1}} again"), 1);
  EXPECT_EQ(TemplateVariableCount("{{2}} then {{1}}"), 2);
  EXPECT_EQ(TemplateVariableCount("Gap {{1}} {{3}}"), std::nullopt);
  EXPECT_EQ(TemplateVariableCount("Zero {{0}}"), std::nullopt);
  EXPECT_EQ(TemplateVariableCount("Unclosed {{1"), std::nullopt);
  EXPECT_EQ(TemplateVariableCount("Named {{name}}"), std::nullopt);
}

TEST(TemplateText, RendersValuesInPlace) {
  EXPECT_EQ(RenderTemplate("Merhaba {{1}}, randevunuz {{2}}.", {"Ayşe", "12 Mart"}),
            "Merhaba Ayşe, randevunuz 12 Mart.");
  EXPECT_EQ(RenderTemplate("{{2}}/{{1}}/{{2}}", {"a", "b"}), "b/a/b");
  EXPECT_EQ(RenderTemplate("Missing {{3}}", {"a"}), "Missing {{3}}");
  EXPECT_EQ(RenderTemplate("Plain", {}), "Plain");
}

}  // namespace
}  // namespace imedic::messaging
