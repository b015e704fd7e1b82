"""Pressroom: government press releases turned into tidy tables and charts."""
