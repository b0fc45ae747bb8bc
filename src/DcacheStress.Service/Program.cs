// SPDX-License-Identifier: GPL-2.0-only
// DcacheStress service and command line: stress (default), repro, compare. See README.md.
using DcacheStress.Service.Cli;

return await ServiceCli.RunAsync(args, CliContext.FromProcess()).ConfigureAwait(false);
