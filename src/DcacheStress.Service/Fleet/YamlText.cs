// SPDX-License-Identifier: GPL-2.0-only
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// A small YAML writer for the Kubernetes manifests: block mappings and sequences of a JSON node
/// tree; strings plain when unambiguous, else double-quoted with JSON escapes (valid YAML).
/// </summary>
public static partial class YamlText
{
    /// <summary>One YAML document of <paramref name="node"/>.</summary>
    public static string Write(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var s = new StringBuilder();
        Block(s, node, 0);
        return s.ToString();
    }

    private static void Block(StringBuilder s, JsonNode node, int indent)
    {
        string pad = new(' ', indent);
        switch (node)
        {
            case JsonObject o:
                foreach ((string key, JsonNode? value) in o)
                {
                    if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        s.Append(pad).Append(Scalar(key)).Append(":\n");
                        Block(s, value, value is JsonArray ? indent : indent + 2);
                    }
                    else
                    {
                        s.Append(pad).Append(Scalar(key)).Append(": ").Append(Inline(value)).Append('\n');
                    }
                }
                break;
            case JsonArray a:
                foreach (JsonNode? item in a)
                {
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        // "- " then the first line of the item's block at the same column.
                        var inner = new StringBuilder();
                        Block(inner, item, indent + 2);
                        s.Append(pad).Append("- ").Append(inner.ToString(indent + 2, inner.Length - indent - 2));
                    }
                    else
                    {
                        s.Append(pad).Append("- ").Append(Inline(item)).Append('\n');
                    }
                }
                break;
            default:
                s.Append(pad).Append(Inline(node)).Append('\n');
                break;
        }
    }

    private static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Scalar(v.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    /// <summary>A string as a YAML scalar: plain when it cannot be read as anything else.</summary>
    public static string Scalar(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool plain = PlainSafe().IsMatch(text) && !LooksTyped().IsMatch(text);
        return plain ? text : JsonSerializer.Serialize(text);
    }

    [GeneratedRegex("^[A-Za-z_/][A-Za-z0-9_./-]*$")]
    private static partial Regex PlainSafe();

    [GeneratedRegex("^(?i:true|false|yes|no|on|off|null|y|n|~)$")]
    private static partial Regex LooksTyped();
}
