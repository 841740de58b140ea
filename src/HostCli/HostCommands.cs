using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Hosting;
using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostCli;

/// <summary>The CLI's commands. Reports go to the given writer (stdout); log messages go to stderr.</summary>
internal static class HostCommands
{
    /// <summary>Exit code when every enabled plugin is Ready.</summary>
    public const int Success = 0;

    /// <summary>Exit code when at least one enabled plugin ended in Error.</summary>
    public const int PluginFailed = 1;

    /// <summary>Exit code when the configuration file is missing or invalid.</summary>
    public const int ConfigInvalid = 2;

    public static async Task<int> RunAsync(FileInfo config, bool watch, bool verbose, TextWriter output, CancellationToken cancel)
    {
        using var loggerFactory = CreateLoggerFactory(verbose);
        var host = new NovywaveHost(config.FullName, PluginLoaders.Create(), ManagerOptions(loggerFactory));
        try
        {
            using var relay = host.Manager.SubscribeRelay();
            using var statuses = host.Manager.SubscribeStatuses();
            using var configErrors = host.SubscribeConfigErrors();
            if (await host.ReloadAsync(cancel) is { } error)
            {
                output.WriteLine("error: " + error.Message);
                return ConfigInvalid;
            }

            var current = host.Current!;
            Report.Config(output, current);
            Report.Statuses(output, host.Manager.Statuses);
            DrainStatuses(statuses);
            Report.Relay(output, Drain(relay));

            if (watch)
            {
                using var watching = host.WatchConfigFile();
                using var stop = StopOnCtrlC(cancel);
                output.WriteLine($"watching {Report.Relative(current.SourcePath)} and the enabled plugins' artifacts (a rebuilt plugin reloads); Ctrl+C to stop");
                await ShowLiveEventsAsync(output, statuses, relay, configErrors, stop.Token);
            }

            var exitCode = host.Manager.Statuses.Any(s => s.State == PluginState.Error) ? PluginFailed : Success;
            await host.DisposeAsync();

            // Plugins may publish what they still hold while shutting down (auto_reload flushes its batch).
            Report.Relay(output, Drain(relay));
            Report.Telemetry(output, host.Manager.GetTelemetry());
            return exitCode;
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    public static async Task<int> StatusAsync(FileInfo config, bool verbose, TextWriter output, CancellationToken cancel)
    {
        using var loggerFactory = CreateLoggerFactory(verbose);
        await using var host = new NovywaveHost(config.FullName, PluginLoaders.Create(), ManagerOptions(loggerFactory));
        if (await host.ReloadAsync(cancel) is { } error)
        {
            output.WriteLine("error: " + error.Message);
            return ConfigInvalid;
        }

        // One tick per running plugin, so the telemetry shows a call beyond init.
        foreach (var status in host.Manager.Statuses.Where(s => s.State == PluginState.Ready))
        {
            await host.Manager.SendAsync(status.PluginId, PluginInput.Tick.Instance);
        }

        Report.Statuses(output, host.Manager.Statuses);
        Report.Telemetry(output, host.Manager.GetTelemetry());
        return host.Manager.Statuses.Any(s => s.State == PluginState.Error) ? PluginFailed : Success;
    }

    public static int Check(FileInfo? artifact, FileInfo? config, FileInfo? world, IReadOnlyList<string> witFeatures, TextWriter output)
    {
        if ((artifact is null) == (config is null))
        {
            output.WriteLine("error: give either an artifact or --config <file>");
            return ConfigInvalid;
        }

        if (artifact is not null)
        {
            return PluginLoaders.Check(artifact, null, world, witFeatures, output);
        }

        NovywaveConfig parsed;
        try
        {
            parsed = NovywaveConfigFile.Load(config!.FullName).Config;
        }
        catch (NovywaveConfigException e)
        {
            output.WriteLine("error: " + e.Message);
            return ConfigInvalid;
        }

        var worst = Success;
        foreach (var entry in parsed.Entries.Where(e => e.Enabled))
        {
            worst = Math.Max(worst, PluginLoaders.Check(new FileInfo(entry.ArtifactPath), entry, world, witFeatures, output));
        }

        return worst;
    }

    private static async Task ShowLiveEventsAsync(TextWriter output, Subscription<PluginStatus> statuses, Subscription<RelayDelivery> relay,
        Subscription<NovywaveConfigException> configErrors, CancellationToken cancel)
    {
        async Task Pump<T>(Subscription<T> subscription, Action<T> show)
        {
            await foreach (var item in subscription.Reader.ReadAllAsync(cancel))
            {
                lock (output)
                {
                    show(item);
                }
            }
        }

        try
        {
            await Task.WhenAll(
                Pump(statuses, s => output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} status     {s}")),
                Pump(relay, d => Report.Relay(output, [d], timestamp: true)),
                Pump(configErrors, e => output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} config     {e.Message}; keeping the previous configuration")));
        }
        catch (OperationCanceledException)
        {
            output.WriteLine("stopping");
        }
    }

    /// <summary>A token cancelled by Ctrl+C (SIGINT) or SIGTERM, which then no longer end the process: the plugins are
    /// shut down and the telemetry printed first.</summary>
    private static CancellationTokenSource StopOnCtrlC(CancellationToken cancel)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        var registrations = new[] { PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle) };
        stop.Token.Register(() =>
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        });
        return stop;
    }

    private static List<T> Drain<T>(Subscription<T> subscription)
    {
        var items = new List<T>();
        while (subscription.Reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    private static void DrainStatuses(Subscription<PluginStatus> statuses) => Drain(statuses);

    private static ILoggerFactory CreateLoggerFactory(bool verbose) => LoggerFactory.Create(builder => builder
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        })
        .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning));

    private static PluginManagerOptions ManagerOptions(ILoggerFactory loggerFactory) => new() { LoggerFactory = loggerFactory };
}
