// SPDX-License-Identifier: GPL-2.0-only
// The concurrency tests measure real interleavings on a small machine: running test classes in
// parallel would starve them (and make their timing-based checks meaningless), so run serially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
