/**
 * A small implementation of the part of the Obsidian API that Rapport uses, for testing the built
 * plugin in a browser. Each class declares which members of the official typings it provides
 * (`implements Pick<Official.X, ...>`), so `tsc` checks the harness against the real API.
 */

export { installDomHelpers, ledger } from "./dom";
export { Component, Events } from "./component";
export { MetadataCache, TAbstractFile, TFile, TFolder, Vault } from "./vault";
export { DeferredView, ItemView, Keymap, View, Workspace, WorkspaceLeaf } from "./workspace";
export { Editor, MarkdownView } from "./editor";
export { App, FileManager, MarkdownRenderChild, Plugin } from "./app";
export { Platform, setMobile } from "./platform";
export { ButtonComponent, Menu, MenuItem, Modal, normalizePath, Notice, notices, openModals, PluginSettingTab, SearchComponent, Setting, setIcon, shownMenus, SuggestModal, TextAreaComponent, TextComponent, ToggleComponent } from "./ui";
