using WitSharp.HostRuntime.Components;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>Import/export names and labels follow the component model's lexical rules; see <see cref="ExternNames"/>.</summary>
public sealed class ExternNamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("read-all")]
    [InlineData("to-UTF8-string")]
    [InlineData("V2-api")]
    [InlineData("x1-2-3")]
    [InlineData("[constructor]counter")]
    [InlineData("[method]counter.add")]
    [InlineData("[static]counter-SET.make-new")]
    [InlineData("witsharp:demo/log")]
    [InlineData("witsharp:demo/log@1.2.3")]
    [InlineData("witsharp:demo/log@1.0.0-rc.1+build.7")]
    [InlineData("witsharp:demo/log@0.2")]
    public void Valid_export_name_is_accepted(string name)
    {
        Assert.Null(ExternNames.Problem(name, import: false));
        Assert.Null(ExternNames.Problem(name, import: true));
    }

    [Theory]
    [InlineData("unlocked-dep=<witsharp:demo>")]
    [InlineData("unlocked-dep=<witsharp:demo@*>")]
    [InlineData("unlocked-dep=<witsharp:demo@{>=1.0.0 <2.0.0}>")]
    [InlineData("locked-dep=<witsharp:demo@1.0.0>,integrity=<sha256-d2l0>")]
    [InlineData("url=<https://example.org/plugin.wasm>")]
    [InlineData("integrity=<sha384-d2l0c2hhcnA= sha512-c2Rr>")]
    public void Dependency_url_and_integrity_names_are_import_only(string name)
    {
        Assert.Null(ExternNames.Problem(name, import: true));
        Assert.Contains("not a valid export name", ExternNames.Problem(name, import: false));
    }

    [Theory]
    [InlineData("9lives", "not in kebab case")]
    [InlineData("read--all", "not in kebab case")]
    [InlineData("read-", "not in kebab case")]
    [InlineData("readAll", "not in kebab case")]
    [InlineData("[method]counter", "failed to find `.` character")]
    [InlineData("[getter]counter.value", "unknown annotation")]
    [InlineData("[async]run", "unknown annotation")]
    [InlineData("[constructor]Counter-x", "not in kebab case")]
    [InlineData("WitSharp:demo/log", "not lowercase")]
    [InlineData("witsharp:demo", "expected `/`")]
    [InlineData("witsharp:demo/log@1.0", "not a valid interface version")]
    [InlineData("witsharp:demo/log@01.0.0", "not a valid interface version")]
    [InlineData("witsharp:demo:extra/log", "trailing characters")]
    [InlineData("witsharp:demo/log/more", "trailing characters")]
    [InlineData("witsharp/demo:log", "not in kebab case")]
    [InlineData("demo@1:0", "expected `:` in package name")]
    [InlineData("locked-dep=<demo>", "expected `:` in package name")]
    [InlineData("integrity=<md5-d2l0>", "unrecognized hash algorithm")]
    [InlineData("integrity=<sha256-@@>", "not valid base64")]
    [InlineData("locked-dep=<witsharp:demo@1.0>", "not a valid version")]
    [InlineData("unlocked-dep=<witsharp:demo@{1.0.0}>", "not a valid version range")]
    [InlineData("url=<a<b>", "cannot contain `<`")]
    public void Invalid_name_is_named_with_the_rule(string name, string problem)
    {
        Assert.Contains(problem, ExternNames.Problem(name, import: true), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("counter", "COUNTER")]
    [InlineData("counter", "[method]counter.counter")]
    [InlineData("[method]counter.add", "[static]counter.ADD")]
    public void Names_differing_only_in_case_or_annotation_collide(string first, string second)
    {
        Assert.Equal(ExternNames.UniquenessKey(first), ExternNames.UniquenessKey(second));
    }

    [Fact]
    public void Any_string_gets_an_answer_not_an_exception()
    {
        const string alphabet = "aZ09:/@<>{}[].,=-+* ?";
        var random = new Random(5);
        var checkedNames = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var name = new string(Enumerable.Range(0, random.Next(1, 24)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            foreach (var prefix in (string[])["", "[method]", "url=", "locked-dep=<a:b", "unlocked-dep=<a:b@", "integrity=<sha256-", "a:b/c@"])
            {
                _ = ExternNames.Problem(prefix + name, import: true);
                _ = ExternNames.Problem(prefix + name, import: false);
                _ = ExternNames.UniquenessKey(prefix + name);
                checkedNames++;
            }
        }

        Assert.Equal(350_000, checkedNames);
    }

    [Theory]
    [InlineData("witsharp:demo/log@1", ".2.3", null)]
    [InlineData("witsharp:demo/log@0.2", ".1-rc.1", null)]
    [InlineData("witsharp:demo/log@1", "2.3", "is not a valid semver")]
    [InlineData("witsharp:demo/log@1.2.3", ".4", "canonical version")]
    [InlineData("log", ".1", "canonical version")]
    public void Version_suffix_completes_a_canonical_version(string name, string suffix, string? problem)
    {
        var actual = ExternNames.VersionSuffixProblem(name, suffix);

        if (problem is null)
        {
            Assert.Null(actual);
        }
        else
        {
            Assert.Contains(problem, actual, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("primary", "witsharp:demo/store", true, null)]
    [InlineData("primary", "witsharp:demo/store", false, "only instances")]
    [InlineData("witsharp:demo/store", "witsharp:demo/store", true, "must be a plain name")]
    [InlineData("primary", "store", true, "must be an interface name")]
    public void Implements_annotates_an_instance_with_a_plain_name(string name, string implemented, bool isInstance, string? problem)
    {
        var actual = ExternNames.ImplementsProblem(name, implemented, isInstance);

        if (problem is null)
        {
            Assert.Null(actual);
        }
        else
        {
            Assert.Contains(problem, actual, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Integrity_digests_differing_in_case_do_not_collide()
    {
        Assert.NotEqual(ExternNames.UniquenessKey("integrity=<sha256-d2l0>"), ExternNames.UniquenessKey("integrity=<sha256-D2L0>"));
    }

    [Fact]
    public void Constructor_does_not_collide_with_its_resource()
    {
        Assert.NotEqual(ExternNames.UniquenessKey("counter"), ExternNames.UniquenessKey("[constructor]counter"));
    }
}
