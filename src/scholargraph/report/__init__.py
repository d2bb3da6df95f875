"""scholargraph.report"""
