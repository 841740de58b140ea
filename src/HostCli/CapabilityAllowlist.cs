using WitSharp.HostRuntime.Capabilities;

// Everything this host may ever grant a plugin. The WitSharp analyzers report any grant beyond it — in C# or in
// samples/*.novywave — as a build error (WSA0001/WSA0002), and entries nothing grants as info (WSA0006).
[assembly: CapabilityAllowlist(
    PluginCapabilities.Log,
    PluginCapabilities.FilesystemListDir,
    PluginCapabilities.WatchSubscribe,
    "relay-publish:discovery",
    "relay-publish:timeline")]
