using System.CommandLine;
using WitSharp.HostCli;

var configOption = new Option<FileInfo>("--config", "-c") { Description = "The .novywave file to run", Required = true };
var watchOption = new Option<bool>("--watch", "-w") { Description = "Keep running: show live events and reload when the config file changes, until Ctrl+C" };
var verboseOption = new Option<bool>("--verbose", "-v") { Description = "Show plugin and host log messages (on stderr)" };

var run = new Command("run", "Load the enabled plugins of a .novywave file and show their statuses and discoveries") { configOption, watchOption, verboseOption };
run.SetAction((parse, cancel) => HostCommands.RunAsync(parse.GetValue(configOption)!, parse.GetValue(watchOption), parse.GetValue(verboseOption), Console.Out, cancel));

var status = new Command("status", "Load the plugins of a .novywave file, exercise them once and show their telemetry") { configOption, verboseOption };
status.SetAction((parse, cancel) => HostCommands.StatusAsync(parse.GetValue(configOption)!, parse.GetValue(verboseOption), Console.Out, cancel));

var artifactArgument = new Argument<FileInfo?>("artifact") { Description = "A plugin component (.wasm)", Arity = ArgumentArity.ZeroOrOne };
var worldOption = new Option<FileInfo?>("--world") { Description = "The WIT file declaring the plugin world (default: wit/plugins.wit of this repository)" };
var checkConfigOption = new Option<FileInfo?>("--config", "-c") { Description = "Check every enabled plugin of this .novywave file, including its capability grants" };
var witFeaturesOption = new Option<string?>("--wit-features") { Description = "@unstable WIT features to enable in the world, separated by commas (as the WitSharpWitFeatures build property)" };
var check = new Command("check", "Dry-run plugin artifacts against the plugin world (and their grants) without running them") { artifactArgument, worldOption, checkConfigOption, witFeaturesOption };
check.SetAction(parse => HostCommands.Check(parse.GetValue(artifactArgument), parse.GetValue(checkConfigOption), parse.GetValue(worldOption),
    WitSharp.Wit.WitResolver.ParseFeatureList(parse.GetValue(witFeaturesOption)), Console.Out));

var root = new RootCommand("WitSharp plugin host for NovyWave .novywave files") { run, status, check };
return await root.Parse(args).InvokeAsync();
