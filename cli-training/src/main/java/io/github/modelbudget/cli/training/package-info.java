/**
 * The training commands of the {@code modelbudget} command line, {@code optimize} and {@code demo},
 * with what only they need (the Quick, Draw! sample and downloader, the experiment's table); they
 * reach the command line through {@link io.github.modelbudget.cli.CommandProvider}.
 */
package io.github.modelbudget.cli.training;
