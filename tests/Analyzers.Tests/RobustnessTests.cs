namespace WitSharp.Analyzers.Tests;

/// <summary>Bad input never makes an analyzer throw (an exception would surface as AD0001 and silence the rules).</summary>
public sealed class RobustnessTests
{
    private const string Config = """"
        [plugins]
        schema_version = 2
        [[plugins.entries]]
        id = "scanner"
        config = { extensions = ["vcd", "fst"], depth = 3, ratio = 0.5, at = 1979-05-27T07:32:00Z }
        [plugins.entries.capabilities]
        imports = ["log", "filesystem-list-dir"]   # comment
        wasi = ['''wasi:cli/stdout''']
        relay_channels = ["disc\u006Fvery", """multi
        line"""]
        """";

    [Fact]
    public async Task Odd_allowlists_and_grants_do_not_throw()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync("""
            using WitSharp.HostRuntime.Capabilities;
            [assembly: CapabilityAllowlist(null)]
            [assembly: CapabilityAllowlist("log", null, "")]
            [assembly: CapabilityAllowlist]
            class Host { void G(PluginGrants g) => g.Allow(null!).Allow("").AllowRelayChannel(""); }
            """, ("/host/.novywave", ""), ("/host/empty.wit", ""));

        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("AD", StringComparison.Ordinal));
        // "" is on the allowlist (WSA0005 flags it when the world is known); "relay-publish:" is not.
        Assert.Contains("'relay-publish:'", Assert.Single(diagnostics.WithId("WSA0001")).GetMessage());
    }

    [Fact]
    public async Task Mutated_novywave_files_only_ever_yield_WSA_diagnostics()
    {
        var random = new Random(20261123);
        const string alphabet = "[]{}=,.\"'#\n\\ ab1-_:";
        var files = new List<(string, string)>();
        for (int i = 0; i < 300; i++)
        {
            char[] text = Config.ToCharArray();
            int edits = random.Next(1, 6);
            for (int e = 0; e < edits; e++)
                text[random.Next(text.Length)] = alphabet[random.Next(alphabet.Length)];
            string mutated = new string(text);
            if (random.Next(4) == 0)
                mutated = mutated.Substring(0, random.Next(mutated.Length));
            files.Add(($"/host/m{i}.novywave", mutated));
        }

        var diagnostics = await AnalyzerHarness.AnalyzeAsync("""
            using WitSharp.HostRuntime.Capabilities;
            [assembly: CapabilityAllowlist("log")]
            """, [.. files]);

        Assert.All(diagnostics, d => Assert.StartsWith("WSA", d.Id));
        Assert.Contains(diagnostics, d => d.Id == "WSA0007");
        Assert.Contains(diagnostics, d => d.Id == "WSA0002");
    }
}
