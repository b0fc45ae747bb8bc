// SPDX-License-Identifier: GPL-2.0-only
// The engine and repro tests run dedicated threads on every core and some check wall-clock
// behaviour: running test classes in parallel would starve them, so run serially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
