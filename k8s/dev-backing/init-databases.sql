create database identity;
create database catalog;
create database materials;
create database submissions;
create database letters;
create database publicity;
create database assistant;
