using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace WitSharp.Toml.Tests;

/// <summary>
/// Runs the public toml-test corpus (github.com/toml-lang/toml-test) when TOML_TEST_DIR points at its extracted
/// <c>tests</c> directory. Nothing from the corpus is committed; without the variable the test only says so.
/// </summary>
public sealed class TomlTestSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public void Toml_1_0_corpus_decodes_round_trips_and_rejects()
    {
        var root = Environment.GetEnvironmentVariable("TOML_TEST_DIR");
        if (string.IsNullOrEmpty(root))
        {
            output.WriteLine("TOML_TEST_DIR is not set; toml-test corpus not run.");
            return;
        }

        var files = File.ReadAllLines(Path.Combine(root, "files-toml-1.0.0"))
            .Where(line => line.EndsWith(".toml", StringComparison.Ordinal)).ToList();
        var failures = new List<string>();
        int validTotal = 0, validPassed = 0, invalidTotal = 0, invalidRejected = 0;
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(root, file));
            if (file.StartsWith("valid/", StringComparison.Ordinal))
            {
                validTotal++;
                var problem = CheckValid(bytes, File.ReadAllText(Path.Combine(root, Path.ChangeExtension(file, ".json"))));
                if (problem is null)
                {
                    validPassed++;
                }
                else
                {
                    failures.Add($"{file}: {problem}");
                }
            }
            else
            {
                invalidTotal++;
                try
                {
                    var document = TomlDocument.Parse(bytes, file);
                    failures.Add($"{file}: accepted invalid input");
                }
                catch (TomlException)
                {
                    invalidRejected++;
                }
                catch (Exception e)
                {
                    failures.Add($"{file}: {e.GetType().Name} instead of TomlException: {e.Message}");
                }
            }
        }

        output.WriteLine($"toml-test 1.0.0: valid {validPassed}/{validTotal} passed, invalid {invalidRejected}/{invalidTotal} rejected");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.Empty(failures);
    }

    private static string? CheckValid(byte[] bytes, string expectedJson)
    {
        TomlDocument document;
        try
        {
            document = TomlDocument.Parse(bytes);
        }
        catch (Exception e)
        {
            return $"rejected: {e.Message}";
        }

        var written = Encoding.UTF8.GetBytes(document.ToString());
        if (!written.AsSpan().SequenceEqual(bytes))
        {
            return "does not round-trip byte-identically";
        }

        using var expected = JsonDocument.Parse(expectedJson);
        return Compare(expected.RootElement, document.Root, "$");
    }

    private static string? Compare(JsonElement expected, TomlValue actual, string path)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Array:
                if (actual is not TomlArray array)
                {
                    return $"{path}: expected an array, got {actual.KindName}";
                }

                if (array.Count != expected.GetArrayLength())
                {
                    return $"{path}: expected {expected.GetArrayLength()} elements, got {array.Count}";
                }

                var index = 0;
                foreach (var element in expected.EnumerateArray())
                {
                    if (Compare(element, array[index], $"{path}[{index}]") is string problem)
                    {
                        return problem;
                    }

                    index++;
                }

                return null;
            case JsonValueKind.Object when IsTaggedScalar(expected):
                return CompareScalar(expected.GetProperty("type").GetString()!, expected.GetProperty("value").GetString()!, actual, path);
            case JsonValueKind.Object:
                if (actual is not TomlTable table)
                {
                    return $"{path}: expected a table, got {actual.KindName}";
                }

                var keys = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                if (!keys.SetEquals(table.Keys))
                {
                    return $"{path}: expected keys [{string.Join(", ", keys.Order())}], got [{string.Join(", ", table.Keys.Order())}]";
                }

                foreach (var property in expected.EnumerateObject())
                {
                    if (Compare(property.Value, table[property.Name], $"{path}.{property.Name}") is string problem)
                    {
                        return problem;
                    }
                }

                return null;
            default:
                return $"{path}: unexpected JSON {expected.ValueKind}";
        }
    }

    private static bool IsTaggedScalar(JsonElement element) =>
        element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String &&
        element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String &&
        element.EnumerateObject().Count() == 2;

    private static string? CompareScalar(string type, string value, TomlValue actual, string path)
    {
        var ok = type switch
        {
            "string" => actual is TomlString s && s.Value == value,
            "integer" => actual is TomlInteger i && i.Value == long.Parse(value, CultureInfo.InvariantCulture),
            "float" => actual is TomlFloat f && ParseExpectedFloat(value).Equals(f.Value),
            "bool" => actual is TomlBoolean b && b.Value == (value == "true"),
            "datetime" => actual is TomlDateTime { DateTimeKind: TomlDateTimeKind.OffsetDateTime } d &&
                d.ToDateTimeOffset() == DateTimeOffset.Parse(TruncateFraction(value), CultureInfo.InvariantCulture) &&
                d.Offset == DateTimeOffset.Parse(TruncateFraction(value), CultureInfo.InvariantCulture).Offset,
            "datetime-local" => actual is TomlDateTime { DateTimeKind: TomlDateTimeKind.LocalDateTime } d &&
                d.DateTime == DateTime.Parse(TruncateFraction(value), CultureInfo.InvariantCulture),
            "date-local" => actual is TomlDateTime { DateTimeKind: TomlDateTimeKind.LocalDate } d &&
                d.DateTime == DateTime.Parse(value, CultureInfo.InvariantCulture),
            "time-local" => actual is TomlDateTime { DateTimeKind: TomlDateTimeKind.LocalTime } d &&
                d.DateTime.TimeOfDay == TimeSpan.Parse(TruncateFraction(value), CultureInfo.InvariantCulture),
            _ => false,
        };
        return ok ? null : $"{path}: expected {type} {value}, got {actual.KindName} {actual}";
    }

    private static double ParseExpectedFloat(string value) => value switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "+nan" or "-nan" => double.NaN,
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The model keeps 100 ns precision (the spec allows truncation below milliseconds).</summary>
    private static string TruncateFraction(string value) =>
        Regex.Replace(value, @"\.(\d{1,7})\d*", ".$1");
}
