using Nas.Cli;
using Nas.Torch.Runtime;
using Nas.Torch.Search;

// Allocator tuning must come before the first tensor exists (NAS_NO_MALLOPT=1 opts out).
NativeAllocator.Configure();

// Each command trains one network at a time (searches' parallel workers train only within the search, where oneDNN
// stays as decided): the final training may switch oneDNN on for its own network (CpuKernels.AdmitOneDnnFor).
CpuKernels.OneNetworkAtATime = true;

// Logs and pipes get wide tables instead of 80 columns.
if (System.Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 200;

return await NasCli.RunAsync(args, SearchCatalog.Default);
